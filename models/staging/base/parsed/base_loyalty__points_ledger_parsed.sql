{{ config(pre_hook="{{ loyalty.reload_raw_rows('points_ledger') }}") }}
{%- set columns = loyalty.event_source_columns('points_ledger') -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('points_ledger', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('points_ledger', staged_columns, optional=true, loaded=loyalty.loaded_raw_rows('points_ledger')) }} as raw_rows
),

cleaned as (
    select
        {{ loyalty.source_row_number('points_ledger', columns, 'source') }} as source_row_number,
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
        parsed.entry_id,
        parsed.customer_id,
        parsed.entry_type,
        parsed.points,
        parsed.partner,
        parsed.occurred_at,
        {{ loyalty.pass_through_select('points_ledger', 'parsed') }}
        case
            {{- loyalty.invalid_value_checks(columns, 'parsed') }}
            when parsed.entry_type not in ('earn', 'redeem', 'expire', 'adjust') then 'out_of_domain: entry_type'
            when parsed.entry_type = 'earn' and parsed.points <= 0 then 'out_of_domain: points'
            when parsed.entry_type in ('redeem', 'expire') and parsed.points >= 0 then 'out_of_domain: points'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
        end as check_reason
    from parsed
)

select * from final
