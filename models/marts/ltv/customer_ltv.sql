{{ config(enabled=loyalty.using('ltv')) }}
with

rfm as (
    select * from {{ ref('int_customers_rfm') }}
),

forecasts as (
    {%- if target.type == 'duckdb' %}
    select * from {{ ref('int_ltv_forecasts') }}
    {%- else %}
    select * from {{ ref('int_ltv_forecasts_sql') }}
    {%- endif %}
),

valued as (
    {#- Gamma-Gamma expected value per purchase day: conditional on the
        customer's repeat spend, the population mean p gamma / (q - 1)
        without repeats. -#}
    select
        rfm.customer_id,
        forecasts.model_status,
        rfm.order_count,
        rfm.historical_ltv,
        rfm.average_order_value,
        rfm.frequency,
        rfm.recency_days,
        rfm.age_days,
        rfm.monetary_value,
        forecasts.p_alive,
        forecasts.expected_purchases,
        forecasts.discounted_purchases,
        case
            when rfm.frequency > 0
                then
                    forecasts.gg_p * (forecasts.gg_gamma + rfm.frequency * rfm.monetary_value)
                    / (forecasts.gg_p * rfm.frequency + forecasts.gg_q - 1)
            else forecasts.gg_p * forecasts.gg_gamma / (forecasts.gg_q - 1)
        end as expected_order_value,
        rfm.first_order_date,
        rfm.last_order_date
    from rfm
    inner join forecasts
        on
            rfm.frequency = forecasts.frequency
            and rfm.recency_days = forecasts.recency_days
            and rfm.age_days = forecasts.age_days
),

final as (
    select
        valued.customer_id,
        valued.model_status,
        valued.order_count as orders,
        valued.historical_ltv,
        valued.average_order_value,
        valued.frequency,
        valued.recency_days,
        valued.age_days,
        valued.monetary_value,
        cast(valued.p_alive as {{ loyalty.type_double() }}) as p_alive,
        cast(valued.expected_purchases as {{ loyalty.type_double() }}) as expected_purchases,
        cast(valued.expected_order_value as {{ loyalty.type_double() }}) as expected_order_value,
        cast(
            valued.discounted_purchases * valued.expected_order_value * {{ var('gross_margin') }}
            as {{ loyalty.type_double() }}
        ) as predicted_ltv,
        valued.first_order_date,
        valued.last_order_date
    from valued
)

select * from final
