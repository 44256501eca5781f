with

rfm as (
    select * from {{ ref('int_customers_rfm') }}
),

predictions as (
    select * from {{ loyalty.ltv_predictions() }}
),

final as (
    select
        rfm.customer_id,
        predictions.model_status,
        rfm.order_count as orders,
        rfm.historical_ltv,
        rfm.average_order_value,
        rfm.frequency,
        rfm.recency_days,
        rfm.age_days,
        rfm.monetary_value,
        cast(predictions.p_alive as {{ loyalty.type_double() }}) as p_alive,
        cast(predictions.expected_purchases as {{ loyalty.type_double() }}) as expected_purchases,
        cast(predictions.expected_order_value as {{ loyalty.type_double() }}) as expected_order_value,
        cast(predictions.predicted_ltv as {{ loyalty.type_double() }}) as predicted_ltv,
        rfm.first_order_date,
        rfm.last_order_date
    from rfm
    left join predictions
        on rfm.customer_id = predictions.customer_id
)

select * from final
