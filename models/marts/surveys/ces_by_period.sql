{{ config(enabled=loyalty.using('surveys')) }}
with

scores as (
    select * from {{ ref('int_survey_scores') }}
    where survey_type = 'ces'
),

final as (
    select
        scores.period_grain,
        scores.period_start,
        scores.touchpoint,
        scores.responses,
        scores.easy,
        scores.ces_average,
        scores.ces_easy_pct
    from scores
)

select * from final
