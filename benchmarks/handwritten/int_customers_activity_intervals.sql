with w as (select as_of_date from intermediate.int_reporting_window),
raw as (
    select customer_id, ordered_date as f, ordered_date + 89 as u from intermediate.int_orders_completed
    union all
    select s.customer_id, s.started_date, s.ended_date - 1
    from staging.stg_loyalty__subscriptions s, w where s.started_date <= w.as_of_date
),
starts as (
    select customer_id, f, max(least(coalesce(u, w.as_of_date), w.as_of_date)) as t,
           max(u) as u, count(*) - count(u) as open_rows
    from raw, w where f <= least(coalesce(u, w.as_of_date), w.as_of_date) group by customer_id, f
),
islands as (
    select customer_id, f, t, u, open_rows,
           sum(case when f <= prev_reach + 1 then 0 else 1 end) over (partition by customer_id order by f) as island
    from (select *, max(t) over (partition by customer_id order by f rows between unbounded preceding and 1 preceding) as prev_reach
          from starts)
)
select customer_id, min(f) as active_from, max(t) as active_to,
       case when sum(open_rows) = 0 then max(u) end as reaches_to
from islands group by customer_id, island
