{{ config(enabled=loyalty.using('surveys')) }}
with

scores as (
    select * from {{ ref('int_survey_scores') }}
    where survey_type = 'csat'
),

final as (
    select
        scores.period_grain,
        scores.period_start,
        scores.touchpoint,
        scores.responses,
        scores.satisfied,
        scores.csat
    from scores
)

select * from final
