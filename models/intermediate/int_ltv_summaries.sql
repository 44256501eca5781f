{#- The purchase-day summaries the lifetime-value model is fitted on and
    forecasts for (docs/metrics.md, lifetime value): customers with the same
    (frequency, recency, age) have the same likelihood term and the same
    forecast, so each distinct summary is one row, weighted by its count. -#}
{{ config(enabled=loyalty.using('ltv')) }}

with

rfm as (
    select * from {{ ref('int_customers_rfm') }}
),

final as (
    select
        rfm.frequency,
        rfm.recency_days,
        rfm.age_days,
        count(*) as customers
    from rfm
    group by rfm.frequency, rfm.recency_days, rfm.age_days
)

select * from final
