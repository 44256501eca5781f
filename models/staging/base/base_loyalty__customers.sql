{%- set columns = [
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'signup_at', 'type': 'timestamp'},
    {'name': 'country', 'type': 'text', 'nullable': true},
    {'name': 'acquisition_channel', 'type': 'text', 'nullable': true},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('customers', columns) }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('customers') }} as source_row_number,
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
            when cast(parsed.signup_at as date) > {{ loyalty.run_date() }} then 'future_event: signup_at'
        end as check_reason
    from parsed
),

final as (
    select
        checked.source_row_number,
        checked.customer_id,
        checked.country,
        checked.acquisition_channel,
        checked.signup_at,
        checked.customer_id as row_key,
        checked.raw_row,
        {{ loyalty.rejection_reason('checked.check_reason', ['checked.customer_id'], 'customer_id') }} as rejection_reason
    from checked
)

select * from final
