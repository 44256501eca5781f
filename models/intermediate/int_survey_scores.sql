{#- The rows of the three survey marts and their scores (docs/metrics.md
    section 7). Aggregating after the left join gives a period without
    responses zero counts and null scores, as each score macro returns on no
    rows. -#}
{{ config(enabled=loyalty.using('surveys')) }}
with

period_touchpoints as (
    select * from {{ ref('int_survey_period_touchpoints') }}
),

responses as (
    select * from {{ ref('int_survey_responses_by_touchpoint') }}
),

joined as (
    select
        period_touchpoints.survey_type,
        period_touchpoints.period_grain,
        period_touchpoints.period_start,
        period_touchpoints.touchpoint,
        responses.response_id,
        responses.score
    from period_touchpoints
    left join responses
        on
            period_touchpoints.survey_type = responses.survey_type
            and period_touchpoints.period_grain = responses.period_grain
            and period_touchpoints.period_start = responses.period_start
            and period_touchpoints.touchpoint = responses.touchpoint
),

scores as (
    select
        joined.survey_type,
        joined.period_grain,
        joined.period_start,
        joined.touchpoint,
        count(joined.response_id) as responses,
        case
            when joined.survey_type = 'nps' then
                count(case when joined.score >= {{ loyalty.setting('nps_promoter_min') }} then 1 end)
        end as promoters,
        case
            when joined.survey_type = 'nps' then
                count(case when joined.score <= {{ loyalty.setting('nps_detractor_max') }} then 1 end)
        end as detractors,
        case when joined.survey_type = 'nps' then {{ loyalty.nps('joined.score') }} end as nps,
        case
            when joined.survey_type = 'nps' then
                {{ loyalty.nps_margin_of_error('joined.score') }}
        end as nps_margin_of_error,
        case
            when joined.survey_type = 'csat' then
                count(case when joined.score >= {{ loyalty.setting('csat_satisfied_min') }} then 1 end)
        end as satisfied,
        case
            when joined.survey_type = 'csat' then
                {{ loyalty.pct_at_least('joined.score', loyalty.setting('csat_satisfied_min')) }}
        end as csat,
        case
            when joined.survey_type = 'ces' then
                count(case when joined.score >= {{ loyalty.setting('ces_easy_min') }} then 1 end)
        end as easy,
        case
            when joined.survey_type = 'ces' then
                avg(cast(joined.score as {{ loyalty.type_double() }}))
        end as ces_average,
        case
            when joined.survey_type = 'ces' then
                {{ loyalty.pct_at_least('joined.score', loyalty.setting('ces_easy_min')) }}
        end as ces_easy_pct
    from joined
    group by joined.survey_type, joined.period_grain, joined.period_start, joined.touchpoint
),

final as (
    select
        scores.survey_type,
        scores.period_grain,
        scores.period_start,
        scores.touchpoint,
        cast(scores.responses as {{ dbt.type_bigint() }}) as responses,
        cast(scores.promoters as {{ dbt.type_bigint() }}) as promoters,
        cast(scores.responses - scores.promoters - scores.detractors as {{ dbt.type_bigint() }}) as passives,
        cast(scores.detractors as {{ dbt.type_bigint() }}) as detractors,
        cast(scores.nps as {{ loyalty.type_double() }}) as nps,
        cast(scores.nps_margin_of_error as {{ loyalty.type_double() }}) as nps_margin_of_error,
        cast(scores.satisfied as {{ dbt.type_bigint() }}) as satisfied,
        cast(scores.csat as {{ loyalty.type_double() }}) as csat,
        cast(scores.easy as {{ dbt.type_bigint() }}) as easy,
        cast(scores.ces_average as {{ loyalty.type_double() }}) as ces_average,
        cast(scores.ces_easy_pct as {{ loyalty.type_double() }}) as ces_easy_pct
    from scores
)

select * from final
