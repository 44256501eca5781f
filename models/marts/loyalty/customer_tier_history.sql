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

tiers as (
    select * from {{ ref('stg_loyalty__loyalty_tiers') }}
),

month_ends as (
    select months.period_end as month_end
    from months
    where months.is_complete_period
),

customer_month_ends as (
    {#- From the end of the first order month through the last month end on or
        before as_of_date (metric-spec 9). -#}
    select
        first_activity.customer_id,
        month_ends.month_end
    from first_activity
    inner join month_ends
        on first_activity.first_order_date <= month_ends.month_end
),

qualifying_spend as (
    select
        customer_month_ends.customer_id,
        customer_month_ends.month_end,
        coalesce(sum(orders.amount), 0) as qualifying_spend
    from customer_month_ends
    left join orders
        on
            customer_month_ends.customer_id = orders.customer_id
            and customer_month_ends.month_end >= orders.ordered_date
            and {{ loyalty.add_days('customer_month_ends.month_end', -364) }} <= orders.ordered_date
    group by customer_month_ends.customer_id, customer_month_ends.month_end
),

tiered as (
    {{ loyalty.assign_tier('qualifying_spend', ['customer_id', 'month_end'], 'qualifying_spend', 'tiers') }}
),

with_previous as (
    select
        tiered.customer_id,
        tiered.tier_name,
        tiered.qualifying_spend,
        tiered.tier_rank,
        lag(tiered.tier_rank) over (partition by tiered.customer_id order by tiered.month_end) as previous_tier_rank,
        tiered.month_end
    from tiered
),

final as (
    select
        with_previous.customer_id,
        with_previous.tier_name,
        {{ loyalty.tier_change('with_previous.previous_tier_rank', 'with_previous.tier_rank') }} as tier_change,
        cast(with_previous.qualifying_spend as decimal(38, 2)) as qualifying_spend,
        cast(with_previous.tier_rank as integer) as tier_rank,
        cast(with_previous.previous_tier_rank as integer) as previous_tier_rank,
        with_previous.month_end
    from with_previous
)

select * from final
