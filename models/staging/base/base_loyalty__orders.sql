{{ config(meta={'key_columns': ['order_id']}) }}

with

parsed as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__orders_parsed') }}
),

customers as (
    -- The staged customers' keys (docs/decisions.md, "Base models read base models").
    select customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and has_repeated_key
),

checked as (
    select
        parsed.*,
        case
            when parsed.check_reason is not null then parsed.check_reason
            when {{ loyalty.local_date('parsed.ordered_at') }} > {{ loyalty.run_date() }} then 'future_event: ordered_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as row_check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds. -#}
    select parsed.order_id
    from parsed
    group by parsed.order_id
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.order_id,
        checked.customer_id,
        checked.status,
        checked.amount,
        checked.ordered_at,
        case
            when checked.row_check_reason is not null or repeated_keys.order_id is not null
                then {{ loyalty.raw_row_json(loyalty.event_source_columns('orders'), relation='checked', restored=true) }}
        end as raw_row,
        checked.row_check_reason as check_reason,
        {{ loyalty.pass_through_select('orders', 'checked') }}
        repeated_keys.order_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.order_id = repeated_keys.order_id
)

select * from final
