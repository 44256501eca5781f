{{ config(meta={'key_columns': ['entry_id']}) }}

with

parsed as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__points_ledger_parsed') }}
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
            when {{ loyalty.local_date('parsed.occurred_at') }} > {{ loyalty.run_date() }} then 'future_event: occurred_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as row_check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds. -#}
    select parsed.entry_id
    from parsed
    group by parsed.entry_id
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.entry_id,
        checked.customer_id,
        checked.entry_type,
        checked.points,
        checked.partner,
        checked.occurred_at,
        case
            when checked.row_check_reason is not null or repeated_keys.entry_id is not null
                then {{ loyalty.raw_row_json(loyalty.event_source_columns('points_ledger'), relation='checked', restored=true) }}
        end as raw_row,
        checked.row_check_reason as check_reason,
        {{ loyalty.pass_through_select('points_ledger', 'checked') }}
        repeated_keys.entry_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.entry_id = repeated_keys.entry_id
)

select * from final
