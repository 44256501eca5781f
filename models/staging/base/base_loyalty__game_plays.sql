{{ config(meta={'key_columns': ['play_id']}) }}
{%- set columns = [
    {'name': 'play_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'played_at', 'type': 'timestamp'},
    {'name': 'outcome', 'type': 'enum'},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('game_plays', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('game_plays', staged_columns, optional=true) }} as raw_rows
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
        {{ loyalty.source_row_number('game_plays', columns, 'source') }} as source_row_number,
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
            when parsed.outcome not in ('win', 'lose') then 'out_of_domain: outcome'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
            when {{ loyalty.local_date('parsed.played_at') }} > {{ loyalty.run_date() }} then 'future_event: played_at'
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
        {{ loyalty.clean_text('play_id') }} as play_id
    from {{ loyalty.raw_source('game_plays', columns, optional=true) }} as raw_rows
    group by
        {{ loyalty.clean_text('play_id') }}
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.play_id,
        checked.customer_id,
        checked.outcome,
        checked.played_at,
        case
            when checked.check_reason is not null or repeated_keys.play_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('game_plays', 'checked') }}
        repeated_keys.play_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.play_id = repeated_keys.play_id
)

select * from final
