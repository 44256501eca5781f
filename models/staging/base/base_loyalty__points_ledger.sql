{{ config(meta={'key_columns': ['entry_id']}) }}
{%- set columns = [
    {'name': 'entry_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'occurred_at', 'type': 'timestamp'},
    {'name': 'entry_type', 'type': 'enum'},
    {'name': 'points', 'type': 'integer'},
    {'name': 'partner', 'type': 'text', 'nullable': true, 'optional_column': true},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('points_ledger', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('points_ledger', staged_columns, optional=true) }} as raw_rows
),

customers as (
    -- The staged customers' keys (docs/decisions.md, "Base models read base models").
    select distinct customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null
),

cleaned as (
    select
        {{ loyalty.source_row_number('points_ledger', columns, 'source') }} as source_row_number,
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
            when parsed.entry_type not in ('earn', 'redeem', 'expire', 'adjust') then 'out_of_domain: entry_type'
            when parsed.entry_type = 'earn' and parsed.points <= 0 then 'out_of_domain: points'
            when parsed.entry_type in ('redeem', 'expire') and parsed.points >= 0 then 'out_of_domain: points'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
            when {{ loyalty.local_date('parsed.occurred_at') }} > {{ loyalty.run_date() }} then 'future_event: occurred_at'
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
        {{ loyalty.clean_text('entry_id') }} as entry_id
    from {{ loyalty.raw_source('points_ledger', columns, optional=true) }} as raw_rows
    group by
        {{ loyalty.clean_text('entry_id') }}
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.entry_id,
        checked.customer_id,
        checked.entry_type,
        checked.points,
        checked.partner,
        checked.occurred_at,
        case
            when checked.check_reason is not null or repeated_keys.entry_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('points_ledger', 'checked') }}
        repeated_keys.entry_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.entry_id = repeated_keys.entry_id
)

select * from final
