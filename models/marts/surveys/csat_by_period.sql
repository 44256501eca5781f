{{ config(enabled=loyalty.using('surveys')) }}
with

responses as (
    select * from {{ ref('int_survey_responses_by_touchpoint') }}
),

period_touchpoints as (
    select * from {{ ref('int_survey_period_touchpoints') }}
    where survey_type = 'csat'
),

scores as (
    select
        responses.period_grain,
        responses.period_start,
        responses.touchpoint,
        count(*) as responses,
        count(case when responses.score >= {{ loyalty.setting('csat_satisfied_min') }} then 1 end) as satisfied,
        {{ loyalty.pct_at_least('responses.score', loyalty.setting('csat_satisfied_min')) }} as csat
    from responses
    where responses.survey_type = 'csat'
    group by responses.period_grain, responses.period_start, responses.touchpoint
),

final as (
    select
        period_touchpoints.period_grain,
        period_touchpoints.period_start,
        period_touchpoints.touchpoint,
        cast(coalesce(scores.responses, 0) as {{ dbt.type_bigint() }}) as responses,
        cast(coalesce(scores.satisfied, 0) as {{ dbt.type_bigint() }}) as satisfied,
        cast(scores.csat as {{ loyalty.type_double() }}) as csat
    from period_touchpoints
    left join scores
        on
            period_touchpoints.period_grain = scores.period_grain
            and period_touchpoints.period_start = scores.period_start
            and period_touchpoints.touchpoint = scores.touchpoint
)

select * from final
