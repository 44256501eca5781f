{%- set columns = [
    {'name': 'entry_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'occurred_at', 'type': 'timestamp'},
    {'name': 'entry_type', 'type': 'enum'},
    {'name': 'points', 'type': 'integer'},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('points_ledger', columns, optional=true) }}
),

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('points_ledger') }} as source_row_number,
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
            when parsed.entry_type not in ('earn', 'redeem', 'expire', 'adjust') then 'out_of_domain: entry_type'
            when parsed.entry_type = 'earn' and parsed.points <= 0 then 'out_of_domain: points'
            when parsed.entry_type in ('redeem', 'expire') and parsed.points >= 0 then 'out_of_domain: points'
            when cast(parsed.occurred_at as date) > {{ loyalty.run_date() }} then 'future_event: occurred_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

final as (
    select
        checked.source_row_number,
        checked.entry_id,
        checked.customer_id,
        checked.entry_type,
        checked.points,
        checked.occurred_at,
        checked.entry_id as row_key,
        checked.raw_row,
        {{ loyalty.rejection_reason('checked.check_reason', ['checked.entry_id'], 'entry_id') }} as rejection_reason
    from checked
)

select * from final
