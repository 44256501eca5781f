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
        {{ loyalty.source_row_number('order_items', columns) }} as source_row_number,
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

first_rows as (
    {#- Check 5: the first row, in source order, of each key held by more
        than one row that passed checks 1-4. -#}
    select
        checked.order_id,
        checked.product_id,
        min(checked.source_row_number) as first_row_number
    from checked
    where checked.check_reason is null
    group by checked.order_id, checked.product_id
    having count(*) > 1
),

reasoned as (
    select
        checked.*,
        {{ loyalty.rejection_reason(
            'checked.check_reason', 'checked.source_row_number', 'first_rows.first_row_number', 'order_id, product_id'
        ) }} as rejection_reason
    from checked
    left join first_rows
        on
            checked.order_id = first_rows.order_id
            and checked.product_id = first_rows.product_id
),

final as (
    select
        reasoned.source_row_number,
        reasoned.order_id,
        reasoned.product_id,
        reasoned.quantity,
        reasoned.unit_price,
        coalesce(reasoned.order_id, '') || '|' || coalesce(reasoned.product_id, '') as row_key,
        case when reasoned.rejection_reason is not null then {{ loyalty.raw_row_json(columns, '_raw') }} end as raw_row,
        reasoned.rejection_reason
    from reasoned
)

select * from final
