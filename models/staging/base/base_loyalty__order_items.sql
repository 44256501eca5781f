{{ config(meta={'key_columns': ['order_id', 'product_id']}) }}
{%- set columns = [
    {'name': 'order_id', 'type': 'text'},
    {'name': 'product_id', 'type': 'text'},
    {'name': 'quantity', 'type': 'integer'},
    {'name': 'unit_price', 'type': 'money'},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('order_items', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('order_items', staged_columns) }} as raw_rows
),

orders as (
    -- The staged orders' keys (docs/decisions.md, "Base models read base models").
    select distinct order_id from {{ ref('base_loyalty__orders') }}
    where check_reason is null
),

products as (
    -- The staged products' keys (docs/decisions.md, "Base models read base models").
    select distinct product_id from {{ ref('base_loyalty__products') }}
    where check_reason is null
),

cleaned as (
    select
        {{ loyalty.source_row_number('order_items', columns, 'source') }} as source_row_number,
        {{ loyalty.clean_raw_columns(staged_columns, 'source') }}
    from source
),

parsed as {{ loyalty.materialized_cte() }} (
    select
        cleaned.*,
        {{ loyalty.parse_raw_columns(staged_columns, 'cleaned') }}
    from cleaned
),

checked as (
    select
        parsed.*,
        case
            {{- loyalty.invalid_value_checks(columns, 'parsed') }}
            when parsed.quantity <= 0 then 'out_of_domain: quantity'
            when parsed.unit_price < 0 then 'out_of_domain: unit_price'
            when orders.order_id is null then 'unknown_reference: order_id'
            when products.product_id is null then 'unknown_reference: product_id'
        end as check_reason
    from parsed
    left join orders
        on parsed.order_id = orders.order_id
    left join products
        on parsed.product_id = products.product_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds;
        they are found from the key columns alone, in a second narrow read,
        so the wide rows are never held twice. -#}
    select
        {{ loyalty.clean_text('order_id') }} as order_id,
        {{ loyalty.clean_text('product_id') }} as product_id
    from {{ loyalty.raw_source('order_items', columns) }} as raw_rows
    group by
        {{ loyalty.clean_text('order_id') }},
        {{ loyalty.clean_text('product_id') }}
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
            when checked.check_reason is not null or repeated_keys.order_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('order_items', 'checked') }}
        repeated_keys.order_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on
            checked.order_id = repeated_keys.order_id
            and checked.product_id = repeated_keys.product_id
)

select * from final
