{{ config(meta={'key_columns': ['order_id', 'product_id']}) }}

with

parsed as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__order_items_parsed') }}
),

orders as (
    -- The staged orders' keys (docs/decisions.md, "Base models read base models").
    select order_id from {{ ref('base_loyalty__orders') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct order_id from {{ ref('base_loyalty__orders') }}
    where check_reason is null and has_repeated_key
),

products as (
    -- The staged products' keys (docs/decisions.md, "Base models read base models").
    select product_id from {{ ref('base_loyalty__products') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct product_id from {{ ref('base_loyalty__products') }}
    where check_reason is null and has_repeated_key
),

checked as (
    select
        parsed.*,
        case
            when parsed.check_reason is not null then parsed.check_reason
            when orders.order_id is null then 'unknown_reference: order_id'
            when products.product_id is null then 'unknown_reference: product_id'
        end as row_check_reason
    from parsed
    left join orders
        on parsed.order_id = orders.order_id
    left join products
        on parsed.product_id = products.product_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds. -#}
    select
        parsed.order_id,
        parsed.product_id
    from parsed
    group by
        parsed.order_id,
        parsed.product_id
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.order_id,
        checked.product_id,
        checked.quantity,
        checked.unit_price,
        case
            when checked.row_check_reason is not null or repeated_keys.order_id is not null
                then {{ loyalty.raw_row_json(loyalty.event_source_columns('order_items'), relation='checked', restored=true) }}
        end as raw_row,
        checked.row_check_reason as check_reason,
        {{ loyalty.pass_through_select('order_items', 'checked') }}
        repeated_keys.order_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on
            checked.order_id = repeated_keys.order_id
            and checked.product_id = repeated_keys.product_id
)

select * from final
