{{ config(enabled=loyalty.using('surveys')) }}
with

scores as (
    select * from {{ ref('int_survey_scores') }}
    where survey_type = 'nps'
),

final as (
    select
        scores.period_grain,
        scores.period_start,
        scores.touchpoint,
        scores.responses,
        scores.promoters,
        scores.passives,
        scores.detractors,
        scores.nps,
        scores.nps_margin_of_error
    from scores
)

select * from final
