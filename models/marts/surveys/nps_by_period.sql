{{ config(enabled=loyalty.using('surveys')) }}
with

responses as (
    select * from {{ ref('int_survey_responses_by_touchpoint') }}
),

period_touchpoints as (
    select * from {{ ref('int_survey_period_touchpoints') }}
    where survey_type = 'nps'
),

scores as (
    select
        responses.period_grain,
        responses.period_start,
        responses.touchpoint,
        count(*) as responses,
        count(case when responses.score >= {{ loyalty.setting('nps_promoter_min') }} then 1 end) as promoters,
        count(case when responses.score <= {{ loyalty.setting('nps_detractor_max') }} then 1 end) as detractors,
        {{ loyalty.nps('responses.score') }} as nps,
        {{ loyalty.nps_margin_of_error('responses.score') }} as nps_margin_of_error
    from responses
    where responses.survey_type = 'nps'
    group by responses.period_grain, responses.period_start, responses.touchpoint
),

final as (
    select
        period_touchpoints.period_grain,
        period_touchpoints.period_start,
        period_touchpoints.touchpoint,
        cast(coalesce(scores.responses, 0) as {{ dbt.type_bigint() }}) as responses,
        cast(coalesce(scores.promoters, 0) as {{ dbt.type_bigint() }}) as promoters,
        cast(coalesce(scores.responses - scores.promoters - scores.detractors, 0) as {{ dbt.type_bigint() }})
            as passives,
        cast(coalesce(scores.detractors, 0) as {{ dbt.type_bigint() }}) as detractors,
        cast(scores.nps as {{ loyalty.type_double() }}) as nps,
        cast(scores.nps_margin_of_error as {{ loyalty.type_double() }}) as nps_margin_of_error
    from period_touchpoints
    left join scores
        on
            period_touchpoints.period_grain = scores.period_grain
            and period_touchpoints.period_start = scores.period_start
            and period_touchpoints.touchpoint = scores.touchpoint
)

select * from final
