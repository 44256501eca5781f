{{ config(pre_hook="{{ loyalty.reload_raw_rows('order_items') }}") }}
{%- set columns = loyalty.event_source_columns('order_items') -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('order_items', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('order_items', staged_columns, loaded=loyalty.loaded_raw_rows('order_items')) }} as raw_rows
),

cleaned as (
    select
        {{ loyalty.source_row_number('order_items', columns, 'source') }} as source_row_number,
        source._loyalty_source_file as source_file,
        {{ loyalty.clean_raw_columns(staged_columns, 'source') }}
    from source
),

parsed as {{ loyalty.materialized_cte() }} (
    select
        cleaned.*,
        {{ loyalty.parse_raw_columns(staged_columns, 'cleaned') }}
    from cleaned
),

final as (
    select
        parsed.source_row_number,
        parsed.source_file,
        '{{ loyalty.parse_settings() }}' as parse_settings,
        {{ loyalty.run_timestamp() }} as parsed_at,
        {{ loyalty.raw_columns_select(columns, 'parsed') }}
        parsed.order_id,
        parsed.product_id,
        parsed.quantity,
        parsed.unit_price,
        {{ loyalty.pass_through_select('order_items', 'parsed') }}
        case
            {{- loyalty.invalid_value_checks(columns, 'parsed') }}
            when parsed.quantity <= 0 then 'out_of_domain: quantity'
            when parsed.unit_price < 0 then 'out_of_domain: unit_price'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
        end as check_reason
    from parsed
)

select * from final
