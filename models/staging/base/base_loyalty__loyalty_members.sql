{{ config(meta={'key_columns': ['customer_id']}) }}
{%- set columns = [
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'enrolled_at', 'type': 'timestamp'},
    {'name': 'cancelled_at', 'type': 'timestamp', 'nullable': true},
    {'name': 'program', 'type': 'text'},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('loyalty_members', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('loyalty_members', staged_columns, optional=true) }} as raw_rows
),

customers as (
    -- The staged customers' keys (docs/decisions.md, "Base models read base models").
    select customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and has_repeated_key
),

cleaned as (
    select
        {{ loyalty.source_row_number('loyalty_members', columns, 'source') }} as source_row_number,
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
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
            when {{ loyalty.local_date('parsed.enrolled_at') }} > {{ loyalty.run_date() }} then 'future_event: enrolled_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds;
        they are found from the key columns alone, in a second narrow read,
        so the wide rows are never held twice. -#}
    select
        {{ loyalty.clean_text('customer_id') }} as customer_id
    from {{ loyalty.raw_source('loyalty_members', columns, optional=true) }} as raw_rows
    group by
        {{ loyalty.clean_text('customer_id') }}
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.customer_id,
        checked.program,
        checked.enrolled_at,
        checked.cancelled_at,
        case
            when checked.check_reason is not null or repeated_keys.customer_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('loyalty_members', 'checked') }}
        repeated_keys.customer_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.customer_id = repeated_keys.customer_id
)

select * from final
