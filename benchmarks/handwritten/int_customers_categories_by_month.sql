select distinct o.customer_id, date_trunc('month', o.ordered_date)::date as month_start, p.category
from intermediate.int_orders_completed o
join staging.stg_loyalty__order_items i using (order_id)
join staging.stg_loyalty__products p using (product_id)
