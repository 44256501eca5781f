{{ config(enabled=loyalty.using('surveys')) }}
with

responses as (
    select * from {{ ref('int_survey_responses_by_touchpoint') }}
),

period_touchpoints as (
    select * from {{ ref('int_survey_period_touchpoints') }}
    where survey_type = 'ces'
),

scores as (
    select
        responses.period_grain,
        responses.period_start,
        responses.touchpoint,
        count(*) as responses,
        count(case when responses.score >= {{ loyalty.setting('ces_easy_min') }} then 1 end) as easy,
        avg(cast(responses.score as {{ loyalty.type_double() }})) as ces_average,
        {{ loyalty.pct_at_least('responses.score', loyalty.setting('ces_easy_min')) }} as ces_easy_pct
    from responses
    where responses.survey_type = 'ces'
    group by responses.period_grain, responses.period_start, responses.touchpoint
),

final as (
    select
        period_touchpoints.period_grain,
        period_touchpoints.period_start,
        period_touchpoints.touchpoint,
        cast(coalesce(scores.responses, 0) as {{ dbt.type_bigint() }}) as responses,
        cast(coalesce(scores.easy, 0) as {{ dbt.type_bigint() }}) as easy,
        cast(scores.ces_average as {{ loyalty.type_double() }}) as ces_average,
        cast(scores.ces_easy_pct as {{ loyalty.type_double() }}) as ces_easy_pct
    from period_touchpoints
    left join scores
        on
            period_touchpoints.period_grain = scores.period_grain
            and period_touchpoints.period_start = scores.period_start
            and period_touchpoints.touchpoint = scores.touchpoint
)

select * from final
