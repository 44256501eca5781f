{%- set columns = [
    {'name': 'order_id', 'type': 'text'},
    {'name': 'product_id', 'type': 'text'},
    {'name': 'quantity', 'type': 'integer'},
    {'name': 'unit_price', 'type': 'money'},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('order_items', columns) }}
),

orders as (
    select * from {{ ref('stg_loyalty__orders') }}
),

products as (
    select * from {{ ref('stg_loyalty__products') }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('order_items') }} as source_row_number,
        {{ loyalty.raw_row_json(columns) }} as raw_row,
        {{ loyalty.clean_raw_columns(columns) }}
    from source
),

parsed as (
    select
        cleaned.*,
        {{ loyalty.parse_raw_columns(columns) }}
    from cleaned
),

checked as (
    select
        parsed.*,
        case
            {{- loyalty.invalid_value_checks(columns) }}
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

final as (
    select
        checked.source_row_number,
        checked.order_id,
        checked.product_id,
        checked.quantity,
        checked.unit_price,
        coalesce(checked.order_id, '') || '|' || coalesce(checked.product_id, '') as row_key,
        checked.raw_row,
        {{ loyalty.rejection_reason(
            'checked.check_reason',
            ['checked.order_id', 'checked.product_id'],
            'order_id, product_id'
        ) }} as rejection_reason
    from checked
)

select * from final
