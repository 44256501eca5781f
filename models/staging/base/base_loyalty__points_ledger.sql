{{ config(
    materialized=loyalty.checked_rows_materialization(),
    unique_key='source_row_number',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ loyalty.reset_checked_rows(ref('base_loyalty__points_ledger_parsed')) }}",
    meta={'key_columns': ['entry_id']},
) }}
{%- set new_rows_only = loyalty.checks_new_rows_only(ref('base_loyalty__points_ledger_parsed')) %}

with

parsed as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('base_loyalty__points_ledger_parsed') }}
),

customers as (
    -- The staged customers' keys (docs/decisions.md, "Base models read base models").
    select customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and not has_repeated_key

    union all

    select distinct customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null and has_repeated_key
),

{% if new_rows_only %}
checked_before as {{ loyalty.inlined_cte() }} (
    select * from {{ this }}
),

new_rows as (
    select
        parsed.source_row_number,
        parsed.entry_id
    from parsed
    where parsed.parsed_at > (select max(checked_before.checked_at) from checked_before)
),

rows_to_check as (
    {#- What a run can change (docs/decisions.md, "Daily runs"): check 5 for
        every row of a key a new row holds, check 3 for the rows dated after
        the run's day or rejected as such, check 4 for the rows whose customer
        was staged then and is not now, or the reverse. -#}
    select new_rows.source_row_number from new_rows

    union

    select parsed.source_row_number from parsed
    inner join new_rows
        on parsed.entry_id = new_rows.entry_id

    union

    select checked_before.source_row_number from checked_before
    where {{ loyalty.future_check_may_change('checked_before', 'occurred_at') }}

    union

    select checked_before.source_row_number from checked_before
    left join customers
        on checked_before.customer_id = customers.customer_id
    where {{ loyalty.reference_check_may_change('checked_before', 'customer_id', 'customers.customer_id') }}
),

to_check as (
    select parsed.* from parsed
    inner join rows_to_check
        on parsed.source_row_number = rows_to_check.source_row_number
),

key_rows as (
    {#- The parsed rows of the keys checked, for check 5's count. -#}
    select parsed.entry_id from parsed
    where parsed.entry_id in (select to_check.entry_id from to_check)
),
{% else %}
to_check as (
    select * from parsed
),

key_rows as (
    select parsed.entry_id from parsed
),
{% endif %}

checked as (
    select
        to_check.*,
        case
            when to_check.check_reason is not null then to_check.check_reason
            when {{ loyalty.local_date('to_check.occurred_at') }} > {{ loyalty.run_date() }} then 'future_event: occurred_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as row_check_reason
    from to_check
    left join customers
        on to_check.customer_id = customers.customer_id
),

repeated_keys as (
    {#- Check 5 concerns only the keys that more than one raw row holds. -#}
    select key_rows.entry_id
    from key_rows
    group by key_rows.entry_id
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
            when checked.row_check_reason is not null or repeated_keys.entry_id is not null
                then {{ loyalty.raw_row_json(loyalty.event_source_columns('points_ledger'), relation='checked', restored=true) }}
        end as raw_row,
        checked.row_check_reason as check_reason,
        {{ loyalty.pass_through_select('points_ledger', 'checked') }}
        repeated_keys.entry_id is not null as has_repeated_key,
        {{ loyalty.run_timestamp() }} as checked_at
    from checked
    left join repeated_keys
        on checked.entry_id = repeated_keys.entry_id
)

select * from final
