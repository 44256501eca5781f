{{ config(pre_hook="{{ loyalty.reload_raw_rows('survey_responses') }}") }}
{%- set columns = loyalty.event_source_columns('survey_responses') -%}
{%- set staged_columns = columns + loyalty.pass_through_columns('survey_responses', columns) -%}

with

source as (
    select * from {{ loyalty.raw_source('survey_responses', staged_columns, loaded=loyalty.loaded_raw_rows('survey_responses')) }} as raw_rows
),

cleaned as (
    select
        {{ loyalty.source_row_number('survey_responses', columns, 'source') }} as source_row_number,
        source._loyalty_source_file as source_file,
        {{ loyalty.clean_raw_columns(staged_columns, 'source') }}
    from source
),

parsed as {{ loyalty.materialized_cte() }} (
    select
        cleaned.*,
        {{ loyalty.parse_raw_columns(staged_columns, 'cleaned') }}
    from cleaned
),

final as (
    select
        parsed.source_row_number,
        parsed.source_file,
        '{{ loyalty.parse_settings() }}' as parse_settings,
        {{ loyalty.run_timestamp() }} as parsed_at,
        {{ loyalty.raw_columns_select(columns, 'parsed') }}
        parsed.response_id,
        parsed.customer_id,
        parsed.survey_type,
        parsed.touchpoint,
        parsed.score,
        parsed.responded_at,
        {{ loyalty.pass_through_select('survey_responses', 'parsed') }}
        case
            {{- loyalty.invalid_value_checks(columns, 'parsed') }}
            when parsed.survey_type not in ('nps', 'csat', 'ces') then 'out_of_domain: survey_type'
            when parsed.survey_type = 'nps' and (parsed.score < 0 or parsed.score > 10) then 'out_of_domain: score'
            when parsed.survey_type = 'csat' and (parsed.score < 1 or parsed.score > {{ loyalty.setting('csat_scale_max') }})
                then 'out_of_domain: score'
            when parsed.survey_type = 'ces' and (parsed.score < 1 or parsed.score > {{ loyalty.setting('ces_scale_max') }})
                then 'out_of_domain: score'
            {{- loyalty.date_floor_checks(columns, 'parsed') }}
        end as check_reason
    from parsed
)

select * from final
