with hits as (
    select p.period_grain, p.period_start, p.period_end, i.customer_id,
           p.start_day between i.active_from and i.active_to as at_start,
           p.end_day between i.active_from and i.active_to as at_end
    from intermediate.int_periods p
    join intermediate.int_customers_activity_intervals i
      on i.active_from <= p.end_day and i.active_to >= p.start_day
    where p.start_day between i.active_from and i.active_to or p.end_day between i.active_from and i.active_to
),
flags as (
    select period_grain, period_start, any_value(period_end) as period_end, customer_id,
           bool_or(at_start) as is_active_at_start, bool_or(at_end) as is_active_at_end
    from hits group by period_grain, period_start, customer_id
)
select f.period_grain, f.period_start, f.customer_id, f.is_active_at_start, f.is_active_at_end,
       coalesce(a.first_activity_date between f.period_start and f.period_end, false) as is_first_active_in_period
from flags f left join intermediate.int_customers_first_activity a using (customer_id)
