{{ config(enabled=loyalty.using('loyalty')) }}
with

history as {{ loyalty.inlined_cte() }} (
    select * from {{ ref('customer_tier_history') }}
),

orders as (
    select * from {{ ref('int_orders_completed') }}
),

tiers as (
    select * from {{ ref('stg_loyalty__loyalty_tiers') }}
),

month_ends as (
    select distinct history.month_end from history
),

month_revenue as (
    select
        orders.customer_id,
        {{ loyalty.period_end(loyalty.period_start('orders.ordered_date', 'month'), 'month') }} as month_end,
        sum(orders.amount) as revenue
    from orders
    group by orders.customer_id, {{ loyalty.period_start('orders.ordered_date', 'month') }}
),

by_tier as (
    select
        history.month_end,
        history.tier_name,
        count(*) as customers,
        count(case when history.tier_change = 'new' then 1 end) as new_customers,
        count(case when history.tier_change = 'upgrade' then 1 end) as upgraded_customers,
        count(case when history.tier_change = 'downgrade' then 1 end) as downgraded_customers,
        count(case when history.tier_change = 'unchanged' then 1 end) as unchanged_customers,
        sum(history.qualifying_spend) as qualifying_spend,
        coalesce(sum(month_revenue.revenue), 0) as month_revenue
    from history
    left join month_revenue
        on
            history.customer_id = month_revenue.customer_id
            and history.month_end = month_revenue.month_end
    group by history.month_end, history.tier_name
),

grid as (
    {#- Every tier in every month, so a tier nobody holds shows zeros. -#}
    select
        month_ends.month_end,
        tiers.tier_name,
        tiers.tier_rank
    from month_ends
    cross join tiers
),

final as (
    select
        grid.tier_name,
        cast(grid.tier_rank as integer) as tier_rank,
        cast(coalesce(by_tier.customers, 0) as {{ dbt.type_bigint() }}) as customers,
        cast(coalesce(by_tier.new_customers, 0) as {{ dbt.type_bigint() }}) as new_customers,
        cast(coalesce(by_tier.upgraded_customers, 0) as {{ dbt.type_bigint() }}) as upgraded_customers,
        cast(coalesce(by_tier.downgraded_customers, 0) as {{ dbt.type_bigint() }}) as downgraded_customers,
        cast(coalesce(by_tier.unchanged_customers, 0) as {{ dbt.type_bigint() }}) as unchanged_customers,
        cast(coalesce(by_tier.qualifying_spend, 0) as {{ loyalty.type_money_total() }}) as qualifying_spend,
        cast(coalesce(by_tier.month_revenue, 0) as {{ loyalty.type_money_total() }}) as month_revenue,
        grid.month_end
    from grid
    left join by_tier
        on
            grid.month_end = by_tier.month_end
            and grid.tier_name = by_tier.tier_name
)

select * from final
