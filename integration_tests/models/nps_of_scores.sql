{#- The package's metric macros called from this project, which sets none of
    their vars: the defaults travel with the macros (promoters score >= 9,
    detractors <= 6). -#}
with

scores as (
    select cast(score as integer) as score
    from {{ ref('survey_responses') }}
    where survey_type = 'nps'
),

final as (
    select
        {{ loyalty.nps('scores.score') }} as nps,
        count(case when {{ loyalty.nps_category('scores.score') }} = 'promoter' then 1 end) as promoters,
        count(case when {{ loyalty.nps_category('scores.score') }} = 'detractor' then 1 end) as detractors
    from scores
)

select * from final
