with monthly as (
    select customer_id, date_trunc('month', ordered_date)::date as month_start, count(*) as n, sum(amount) as revenue
    from intermediate.int_orders_completed group by all
),
grains as (select unnest(['month', 'quarter', 'year']) as period_grain),
orders as (
    select g.period_grain, m.customer_id, date_trunc(g.period_grain, m.month_start)::date as period_start,
           sum(m.n) as order_count, sum(m.revenue) as revenue
    from monthly m, grains g group by all
),
categories as (
    select g.period_grain, c.customer_id, date_trunc(g.period_grain, c.month_start)::date as period_start,
           count(distinct c.category) as category_count
    from intermediate.int_customers_categories_by_month c, grains g group by all
)
select o.period_grain, o.customer_id, o.period_start, o.order_count, o.revenue, coalesce(c.category_count, 0) as category_count
from orders o left join categories c using (period_grain, customer_id, period_start)
