{{ config(meta={'key_columns': ['response_id']}) }}
{%- set columns = [
    {'name': 'response_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text', 'nullable': true},
    {'name': 'survey_type', 'type': 'enum'},
    {'name': 'score', 'type': 'integer'},
    {'name': 'responded_at', 'type': 'timestamp'},
    {'name': 'touchpoint', 'type': 'text', 'nullable': true},
] -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('survey_responses', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('survey_responses', staged_columns) }} as raw_rows
),

customers as (
    -- The staged customers' keys (docs/decisions.md, "Base models read base models").
    select distinct customer_id from {{ ref('base_loyalty__customers') }}
    where check_reason is null
),

cleaned as (
    select
        {{ loyalty.source_row_number('survey_responses', columns, 'source') }} as source_row_number,
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
            when parsed.survey_type not in ('nps', 'csat', 'ces') then 'out_of_domain: survey_type'
            when parsed.survey_type = 'nps' and (parsed.score < 0 or parsed.score > 10) then 'out_of_domain: score'
            when parsed.survey_type = 'csat' and (parsed.score < 1 or parsed.score > {{ loyalty.setting('csat_scale_max') }})
                then 'out_of_domain: score'
            when parsed.survey_type = 'ces' and (parsed.score < 1 or parsed.score > {{ loyalty.setting('ces_scale_max') }})
                then 'out_of_domain: score'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
            when {{ loyalty.local_date('parsed.responded_at') }} > {{ loyalty.run_date() }} then 'future_event: responded_at'
            when parsed.customer_id is not null and customers.customer_id is null
                then 'unknown_reference: customer_id'
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
        {{ loyalty.clean_text('response_id') }} as response_id
    from {{ loyalty.raw_source('survey_responses', columns) }} as raw_rows
    group by
        {{ loyalty.clean_text('response_id') }}
    having count(*) > 1
),

final as (
    select
        checked.source_row_number,
        checked.response_id,
        checked.customer_id,
        checked.survey_type,
        checked.touchpoint,
        checked.score,
        checked.responded_at,
        case
            when checked.check_reason is not null or repeated_keys.response_id is not null
                then {{ loyalty.raw_row_json(columns, '_raw', 'checked') }}
        end as raw_row,
        checked.check_reason,
        {{ loyalty.pass_through_select('survey_responses', 'checked') }}
        repeated_keys.response_id is not null as has_repeated_key
    from checked
    left join repeated_keys
        on checked.response_id = repeated_keys.response_id
)

select * from final
