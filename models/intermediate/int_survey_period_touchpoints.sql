{#- The rows of the survey marts (docs/metrics.md section 7): for each survey
    type, touchpoint `all` in every period of every grain, plus each
    (period, touchpoint) that had responses of that type. -#}
{{ config(enabled=loyalty.using('surveys')) }}
with

periods as (
    select * from {{ ref('int_periods') }}
),

responses as (
    select * from {{ ref('int_survey_responses_by_touchpoint') }}
),

survey_types as (
    {%- for survey_type in ['nps', 'csat', 'ces'] %}
    select '{{ survey_type }}' as survey_type
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        survey_types.survey_type,
        periods.period_grain,
        periods.period_start,
        'all' as touchpoint
    from survey_types
    cross join periods

    union all

    select distinct
        responses.survey_type,
        responses.period_grain,
        responses.period_start,
        responses.touchpoint
    from responses
    where responses.touchpoint <> 'all'
)

select * from final
