with

periods as (
    select * from {{ ref('int_periods') }}
),

customer_status as (
    select * from {{ ref('int_customers_period_status') }}
),

counts as (
    select
        customer_status.period_grain,
        customer_status.period_start,
        count(case when customer_status.is_active_at_start then 1 end) as customers_at_start,
        count(case when customer_status.is_active_at_end then 1 end) as customers_at_end,
        count(case when customer_status.is_active_at_start and customer_status.is_active_at_end then 1 end)
            as retained_customers,
        count(case when customer_status.is_active_at_end and customer_status.is_first_active_in_period then 1 end)
            as new_customers,
        count(
            case
                when
                    customer_status.is_active_at_end
                    and not customer_status.is_active_at_start
                    and not customer_status.is_first_active_in_period
                    then 1
            end
        ) as reactivated_customers,
        count(case when customer_status.is_active_at_start and not customer_status.is_active_at_end then 1 end)
            as churned_customers
    from customer_status
    group by customer_status.period_grain, customer_status.period_start
),

final as (
    select
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        cast(coalesce(counts.customers_at_start, 0) as {{ dbt.type_bigint() }}) as customers_at_start,
        cast(coalesce(counts.customers_at_end, 0) as {{ dbt.type_bigint() }}) as customers_at_end,
        cast(coalesce(counts.retained_customers, 0) as {{ dbt.type_bigint() }}) as retained_customers,
        cast(coalesce(counts.new_customers, 0) as {{ dbt.type_bigint() }}) as new_customers,
        cast(coalesce(counts.reactivated_customers, 0) as {{ dbt.type_bigint() }}) as reactivated_customers,
        cast(coalesce(counts.churned_customers, 0) as {{ dbt.type_bigint() }}) as churned_customers,
        {{ loyalty.safe_divide('counts.retained_customers', 'counts.customers_at_start') }} as retention_rate,
        {{ loyalty.safe_divide('counts.churned_customers', 'counts.customers_at_start') }} as churn_rate,
        periods.is_complete_period,
        periods.start_day as start_status_date,
        periods.end_day as end_status_date
    from periods
    left join counts
        on
            periods.period_grain = counts.period_grain
            and periods.period_start = counts.period_start
)

select * from final
