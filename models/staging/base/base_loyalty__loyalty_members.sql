{%- set columns = [
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'enrolled_at', 'type': 'timestamp'},
    {'name': 'cancelled_at', 'type': 'timestamp', 'nullable': true},
    {'name': 'program', 'type': 'text'},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('loyalty_members', columns, optional=true) }}
),

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('loyalty_members') }} as source_row_number,
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
            when cast(parsed.enrolled_at as date) > {{ loyalty.run_date() }} then 'future_event: enrolled_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

final as (
    select
        checked.source_row_number,
        checked.customer_id,
        checked.program,
        checked.enrolled_at,
        checked.cancelled_at,
        checked.customer_id as row_key,
        checked.raw_row,
        {{ loyalty.rejection_reason('checked.check_reason', ['checked.customer_id'], 'customer_id') }} as rejection_reason
    from checked
)

select * from final
