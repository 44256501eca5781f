{#- Adapters without dbt Python models: the summaries of int_ltv_forecasts
    with null forecasts and a model_status that says why. -#}
with

rfm as (
    select * from {{ ref('int_customers_rfm') }}
),

summaries as (
    select distinct
        rfm.frequency,
        rfm.recency_days,
        rfm.age_days
    from rfm
),

final as (
    select
        summaries.frequency,
        summaries.recency_days,
        summaries.age_days,
        {%- for column in ['p_alive', 'expected_purchases', 'discounted_purchases', 'bgnbd_r', 'bgnbd_alpha',
                           'bgnbd_a', 'bgnbd_b', 'gg_p', 'gg_q', 'gg_gamma'] %}
        cast(null as {{ loyalty.type_double() }}) as {{ column }},
        {%- endfor %}
        cast('not fitted: no python model on {{ target.type }}' as {{ dbt.type_string() }}) as model_status
    from summaries
)

select * from final
