{{ config(meta={'key_columns': ['product_id']}) }}
{%- set columns = [
    {'name': 'product_id', 'type': 'text'},
    {'name': 'product_name', 'type': 'text'},
    {'name': 'category', 'type': 'text'},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('products', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('products', staged_columns) }} as raw_rows
),

cleaned as (
    select
        {{ loyalty.source_row_number('products', columns, 'source') }} as source_row_number,
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
        end as check_reason
    from parsed
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds;
        they are found from the key columns alone, in a second narrow read,
        so the wide rows are never held twice. -#}
    select
        {{ loyalty.clean_text('product_id') }} as product_id
    from {{ loyalty.raw_source('products', columns) }} as raw_rows
    group by
        {{ loyalty.clean_text('product_id') }}
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.product_id,
        checked.product_name,
        checked.category,
        case
            when checked.check_reason is not null or repeated_keys.product_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('products', 'checked') }}
        repeated_keys.product_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.product_id = repeated_keys.product_id
)

select * from final
