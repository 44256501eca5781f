with spend_days as (
    select customer_id, ordered_date, sum(amount) as amount
    from intermediate.int_orders_completed group by all
),
cumulative as (
    select customer_id, ordered_date,
           sum(amount) over (partition by customer_id order by ordered_date) as spend_to_date
    from spend_days
),
grid as (
    select f.customer_id, m.period_end as month_end
    from intermediate.int_customers_first_activity f
    join intermediate.int_months m on m.is_complete_period and f.first_order_date <= m.period_end
),
spend as (
    select g.customer_id, g.month_end,
           coalesce(upto.spend_to_date, 0) - coalesce(before.spend_to_date, 0) as qualifying_spend
    from grid g
    asof left join cumulative upto on g.customer_id = upto.customer_id and g.month_end >= upto.ordered_date
    asof left join cumulative before on g.customer_id = before.customer_id and g.month_end - 365 >= before.ordered_date
),
tiered as (
    select s.*, b.tier_name, b.tier_rank,
           lag(b.tier_rank) over (partition by s.customer_id order by s.month_end) as previous_tier_rank
    from spend s
    left join intermediate.int_tier_bands b
      on s.qualifying_spend >= b.spend_from and (b.spend_to is null or s.qualifying_spend < b.spend_to)
)
select customer_id, tier_name,
       case when previous_tier_rank is null then 'new' when tier_rank > previous_tier_rank then 'upgrade'
            when tier_rank < previous_tier_rank then 'downgrade' else 'unchanged' end as tier_change,
       cast(qualifying_spend as decimal(38,2)) as qualifying_spend, tier_rank, previous_tier_rank, month_end
from tiered
