with

orders as (
    select * from {{ ref('int_orders_completed') }}
),

first_activity as (
    select * from {{ ref('int_customers_first_activity') }}
),

months as (
    select * from {{ ref('int_months') }}
),

cohorts as (
    select
        first_activity.customer_id,
        {{ loyalty.period_start('first_activity.first_order_date', 'month') }} as cohort_month
    from first_activity
    where first_activity.first_order_date is not null
),

cohort_sizes as (
    select
        cohorts.cohort_month,
        count(*) as cohort_size
    from cohorts
    group by cohorts.cohort_month
),

complete_months as (
    select months.period_start as month_start
    from months
    where months.is_complete_period
),

cohort_months as (
    select
        cohort_sizes.cohort_month,
        cohort_sizes.cohort_size,
        complete_months.month_start,
        (extract(year from complete_months.month_start) - extract(year from cohort_sizes.cohort_month)) * 12
        + extract(month from complete_months.month_start) - extract(month from cohort_sizes.cohort_month)
            as months_since_first_order
    from cohort_sizes
    inner join complete_months
        on cohort_sizes.cohort_month <= complete_months.month_start
),

customer_order_months as (
    select distinct
        orders.customer_id,
        {{ loyalty.period_start('orders.ordered_date', 'month') }} as order_month
    from orders
),

retained as (
    select
        cohorts.cohort_month,
        customer_order_months.order_month,
        count(*) as retained_customers
    from cohorts
    inner join customer_order_months
        on cohorts.customer_id = customer_order_months.customer_id
    group by cohorts.cohort_month, customer_order_months.order_month
),

final as (
    select
        cohort_months.cohort_month,
        cast(cohort_months.months_since_first_order as integer) as months_since_first_order,
        cast(cohort_months.cohort_size as {{ dbt.type_bigint() }}) as cohort_size,
        cast(coalesce(retained.retained_customers, 0) as {{ dbt.type_bigint() }}) as retained_customers,
        {{ loyalty.safe_divide('coalesce(retained.retained_customers, 0)', 'cohort_months.cohort_size') }}
            as retention_rate
    from cohort_months
    left join retained
        on
            cohort_months.cohort_month = retained.cohort_month
            and cohort_months.month_start = retained.order_month
)

select * from final
