{%- set columns = [
    {'name': 'product_id', 'type': 'text'},
    {'name': 'product_name', 'type': 'text'},
    {'name': 'category', 'type': 'text'},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('products', columns) }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('products') }} as source_row_number,
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
        end as check_reason
    from parsed
),

final as (
    select
        checked.source_row_number,
        checked.product_id,
        checked.product_name,
        checked.category,
        checked.product_id as row_key,
        checked.raw_row,
        {{ loyalty.rejection_reason('checked.check_reason', ['checked.product_id'], 'product_id') }} as rejection_reason
    from checked
)

select * from final
