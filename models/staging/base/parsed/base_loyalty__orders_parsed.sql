{{ config(pre_hook="{{ loyalty.reload_raw_rows('orders') }}") }}
{%- set columns = loyalty.event_source_columns('orders') -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('orders', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('orders', staged_columns, loaded=loyalty.loaded_raw_rows('orders')) }} as raw_rows
),

cleaned as (
    select
        {{ loyalty.source_row_number('orders', columns, 'source') }} as source_row_number,
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
        parsed.customer_id,
        parsed.status,
        parsed.amount,
        parsed.ordered_at,
        {{ loyalty.pass_through_select('orders', 'parsed') }}
        case
            {{- loyalty.invalid_value_checks(columns, 'parsed') }}
            when parsed.status not in ('completed', 'refunded', 'cancelled') then 'out_of_domain: status'
            when parsed.amount < 0 then 'out_of_domain: amount'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
        end as check_reason
    from parsed
)

select * from final
