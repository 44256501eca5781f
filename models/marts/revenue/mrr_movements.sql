{{ config(enabled=loyalty.using('subscriptions')) }}
with

subscriptions as (
    select * from {{ ref('stg_loyalty__subscriptions') }}
),

months as (
    select * from {{ ref('int_months') }}
),

reporting_window as (
    select * from {{ ref('int_reporting_window') }}
),

counted_subscriptions as (
    select subscriptions.*
    from subscriptions
    cross join reporting_window
    where subscriptions.started_date <= reporting_window.as_of_date
),

first_months as (
    select
        counted_subscriptions.customer_id,
        min({{ loyalty.period_start('counted_subscriptions.started_date', 'month') }}) as first_month
    from counted_subscriptions
    group by counted_subscriptions.customer_id
),

customer_months as (
    select
        first_months.customer_id,
        months.period_start as month_start,
        months.end_day as snapshot_date
    from first_months
    inner join months
        on first_months.first_month <= months.period_start
),

customer_mrr as (
    {#- A row is active on the snapshot day by docs/metrics.md section 3: started on or
        before it and not ended on or before it. -#}
    select
        customer_months.customer_id,
        customer_months.month_start,
        coalesce(sum(counted_subscriptions.monthly_amount), 0) as mrr,
        count(counted_subscriptions.subscription_id) as active_subscription_rows
    from customer_months
    left join counted_subscriptions
        on
            customer_months.customer_id = counted_subscriptions.customer_id
            and customer_months.snapshot_date >= counted_subscriptions.started_date
            and (
                counted_subscriptions.ended_date is null
                or customer_months.snapshot_date < counted_subscriptions.ended_date
            )
    group by customer_months.customer_id, customer_months.month_start
),

with_history as (
    select
        customer_mrr.customer_id,
        customer_mrr.month_start,
        customer_mrr.mrr,
        customer_mrr.active_subscription_rows,
        coalesce(
            lag(customer_mrr.mrr) over (partition by customer_mrr.customer_id order by customer_mrr.month_start),
            0
        ) as previous_mrr,
        coalesce(
            max(case when customer_mrr.mrr > 0 then 1 else 0 end) over (
                partition by customer_mrr.customer_id order by customer_mrr.month_start
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) = 1 as had_mrr_before
    from customer_mrr
),

final as (
    select
        with_history.customer_id,
        {{ loyalty.mrr_movement('with_history.previous_mrr', 'with_history.mrr', 'with_history.had_mrr_before') }}
            as movement,
        cast(with_history.previous_mrr as {{ loyalty.type_money_total() }}) as previous_mrr,
        cast(with_history.mrr as {{ loyalty.type_money_total() }}) as mrr,
        cast(with_history.active_subscription_rows as integer) as active_subscription_rows,
        with_history.had_mrr_before,
        with_history.month_start as month  -- noqa: RF04
    from with_history
)

select * from final
