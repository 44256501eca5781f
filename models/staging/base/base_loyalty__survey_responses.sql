{%- set columns = [
    {'name': 'response_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text', 'nullable': true},
    {'name': 'survey_type', 'type': 'enum'},
    {'name': 'score', 'type': 'integer'},
    {'name': 'responded_at', 'type': 'timestamp'},
    {'name': 'touchpoint', 'type': 'text', 'nullable': true},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('survey_responses', columns) }}
),

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('survey_responses', columns) }} as source_row_number,
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
            when parsed.survey_type not in ('nps', 'csat', 'ces') then 'out_of_domain: survey_type'
            when parsed.survey_type = 'nps' and (parsed.score < 0 or parsed.score > 10) then 'out_of_domain: score'
            when parsed.survey_type = 'csat' and (parsed.score < 1 or parsed.score > {{ var('csat_scale_max') }})
                then 'out_of_domain: score'
            when parsed.survey_type = 'ces' and (parsed.score < 1 or parsed.score > {{ var('ces_scale_max') }})
                then 'out_of_domain: score'
            when cast(parsed.responded_at as date) > {{ loyalty.run_date() }} then 'future_event: responded_at'
            when parsed.customer_id is not null and customers.customer_id is null
                then 'unknown_reference: customer_id'
        end as check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

first_rows as (
    {#- Check 5: the first row, in source order, of each key held by more
        than one row that passed checks 1-4. -#}
    select
        checked.response_id,
        min(checked.source_row_number) as first_row_number
    from checked
    where checked.check_reason is null
    group by checked.response_id
    having count(*) > 1
),

reasoned as (
    select
        checked.*,
        {{ loyalty.rejection_reason(
            'checked.check_reason', 'checked.source_row_number', 'first_rows.first_row_number', 'response_id'
        ) }} as rejection_reason
    from checked
    left join first_rows
        on checked.response_id = first_rows.response_id
),

final as (
    select
        reasoned.source_row_number,
        reasoned.response_id,
        reasoned.customer_id,
        reasoned.survey_type,
        reasoned.touchpoint,
        reasoned.score,
        reasoned.responded_at,
        reasoned.response_id as row_key,
        case when reasoned.rejection_reason is not null then {{ loyalty.raw_row_json(columns, '_raw') }} end as raw_row,
        reasoned.rejection_reason
    from reasoned
)

select * from final
