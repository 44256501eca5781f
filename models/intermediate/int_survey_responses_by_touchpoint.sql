{#- Each counted survey response (staged, dated on or before as_of_date,
    anonymous ones included) once under touchpoint `all` and once more under
    its own touchpoint when it has one (docs/metrics.md section 7), with its period. -#}
with

responses as (
    select * from {{ ref('stg_loyalty__survey_responses') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

counted as (
    select
        responses.response_id,
        responses.survey_type,
        responses.touchpoint,
        responses.score,
        {{ loyalty.period_start('responses.responded_date') }} as period_start
    from responses
    cross join reporting_window
    where responses.responded_date <= reporting_window.as_of_date
),

final as (
    select
        counted.response_id,
        counted.survey_type,
        'all' as touchpoint,
        counted.score,
        counted.period_start
    from counted

    union all

    select
        counted.response_id,
        counted.survey_type,
        counted.touchpoint,
        counted.score,
        counted.period_start
    from counted
    where counted.touchpoint is not null and counted.touchpoint <> 'all'
)

select * from final
