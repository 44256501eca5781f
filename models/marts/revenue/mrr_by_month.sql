{{ config(enabled=loyalty.using('subscriptions')) }}
with

movements as (
    select * from {{ ref('mrr_movements') }}
),

months as (
    select * from {{ ref('int_months') }}
),

monthly as (
    select
        movements.month,
        sum(movements.previous_mrr) as starting_mrr,
        sum(case when movements.movement = 'new' then movements.mrr else 0 end) as new_mrr,
        sum(case when movements.movement = 'expansion' then movements.mrr - movements.previous_mrr else 0 end)
            as expansion_mrr,
        sum(case when movements.movement = 'contraction' then movements.previous_mrr - movements.mrr else 0 end)
            as contraction_mrr,
        sum(case when movements.movement = 'churn' then movements.previous_mrr else 0 end) as churned_mrr,
        sum(case when movements.movement = 'reactivation' then movements.mrr else 0 end) as reactivation_mrr,
        count(case when movements.mrr > 0 then 1 end) as subscribers,
        count(case when movements.previous_mrr > 0 then 1 end) as subscribers_at_start,
        count(case when movements.movement = 'churn' then 1 end) as churned_subscribers
    from movements
    group by movements.month
),

filled as (
    select
        months.period_start as month,  -- noqa: RF04
        coalesce(monthly.starting_mrr, 0) as starting_mrr,
        coalesce(monthly.new_mrr, 0) as new_mrr,
        coalesce(monthly.expansion_mrr, 0) as expansion_mrr,
        coalesce(monthly.contraction_mrr, 0) as contraction_mrr,
        coalesce(monthly.churned_mrr, 0) as churned_mrr,
        coalesce(monthly.reactivation_mrr, 0) as reactivation_mrr,
        coalesce(monthly.subscribers, 0) as subscribers,
        coalesce(monthly.subscribers_at_start, 0) as subscribers_at_start,
        coalesce(monthly.churned_subscribers, 0) as churned_subscribers,
        months.is_complete_period
    from months
    left join monthly
        on months.period_start = monthly.month
),

final as (
    select
        filled.month,
        cast(filled.starting_mrr as {{ loyalty.type_money_total() }}) as starting_mrr,
        cast(filled.new_mrr as {{ loyalty.type_money_total() }}) as new_mrr,
        cast(filled.expansion_mrr as {{ loyalty.type_money_total() }}) as expansion_mrr,
        cast(filled.contraction_mrr as {{ loyalty.type_money_total() }}) as contraction_mrr,
        cast(filled.churned_mrr as {{ loyalty.type_money_total() }}) as churned_mrr,
        cast(filled.reactivation_mrr as {{ loyalty.type_money_total() }}) as reactivation_mrr,
        cast(
            filled.starting_mrr + filled.new_mrr + filled.expansion_mrr + filled.reactivation_mrr
            - filled.contraction_mrr - filled.churned_mrr
            as {{ loyalty.type_money_total() }}
        ) as ending_mrr,
        cast(filled.subscribers as {{ dbt.type_bigint() }}) as subscribers,
        cast(filled.subscribers_at_start as {{ dbt.type_bigint() }}) as subscribers_at_start,
        cast(filled.churned_subscribers as {{ dbt.type_bigint() }}) as churned_subscribers,
        {{ loyalty.safe_divide('filled.churned_subscribers', 'filled.subscribers_at_start') }} as customer_churn_rate,
        {{ loyalty.safe_divide(
            'filled.starting_mrr + filled.expansion_mrr - filled.contraction_mrr - filled.churned_mrr',
            'filled.starting_mrr') }} as net_revenue_retention,
        {{ loyalty.safe_divide(
            'filled.starting_mrr - filled.contraction_mrr - filled.churned_mrr',
            'filled.starting_mrr') }} as gross_revenue_retention,
        filled.is_complete_period
    from filled
)

select * from final
