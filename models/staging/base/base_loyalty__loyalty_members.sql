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
        {{ loyalty.source_row_number('loyalty_members', columns) }} as source_row_number,
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

first_rows as (
    {#- Check 5: the first row, in source order, of each key held by more
        than one row that passed checks 1-4. -#}
    select
        checked.customer_id,
        min(checked.source_row_number) as first_row_number
    from checked
    where checked.check_reason is null
    group by checked.customer_id
    having count(*) > 1
),

reasoned as (
    select
        checked.*,
        {{ loyalty.rejection_reason(
            'checked.check_reason', 'checked.source_row_number', 'first_rows.first_row_number', 'customer_id'
        ) }} as rejection_reason
    from checked
    left join first_rows
        on checked.customer_id = first_rows.customer_id
),

final as (
    select
        reasoned.source_row_number,
        reasoned.customer_id,
        reasoned.program,
        reasoned.enrolled_at,
        reasoned.cancelled_at,
        reasoned.customer_id as row_key,
        case when reasoned.rejection_reason is not null then {{ loyalty.raw_row_json(columns, '_raw') }} end as raw_row,
        reasoned.rejection_reason
    from reasoned
)

select * from final
