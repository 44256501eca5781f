{{ config(meta={'key_columns': ['customer_id']}) }}
{%- set columns = [
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'signup_at', 'type': 'timestamp'},
    {'name': 'country', 'type': 'text', 'nullable': true},
    {'name': 'acquisition_channel', 'type': 'text', 'nullable': true},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('customers', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('customers', staged_columns) }} as raw_rows
),

cleaned as (
    select
        {{ loyalty.source_row_number('customers', columns, 'source') }} as source_row_number,
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
            when {{ loyalty.local_date('parsed.signup_at') }} > {{ loyalty.run_date() }} then 'future_event: signup_at'
        end as check_reason
    from parsed
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds;
        they are found from the key columns alone, in a second narrow read,
        so the wide rows are never held twice. -#}
    select
        {{ loyalty.clean_text('customer_id') }} as customer_id
    from {{ loyalty.raw_source('customers', columns) }} as raw_rows
    group by
        {{ loyalty.clean_text('customer_id') }}
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.customer_id,
        checked.country,
        checked.acquisition_channel,
        checked.signup_at,
        case
            when checked.check_reason is not null or repeated_keys.customer_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('customers', 'checked') }}
        repeated_keys.customer_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.customer_id = repeated_keys.customer_id
)

select * from final
