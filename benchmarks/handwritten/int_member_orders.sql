with member_orders as (
    select o.order_id, o.customer_id, m.program, o.ordered_date, o.amount, m.enrolled_date, m.cancelled_date,
           sum(o.amount) over (partition by o.customer_id order by o.ordered_date
                               range between interval 364 days preceding and current row) as qualifying_spend
    from intermediate.int_orders_completed o
    join staging.stg_loyalty__loyalty_members m using (customer_id)
)
select mo.order_id, mo.customer_id, mo.program, mo.ordered_date, date_trunc('month', mo.ordered_date)::date as month_start,
       mo.amount,
       cast(case when p.earns_points then floor(mo.amount * t.points_per_currency_unit) else 0 end as bigint) as expected_points
from member_orders mo
join intermediate.int_loyalty_programs p on p.program = mo.program
join intermediate.int_tier_bands b on mo.qualifying_spend >= b.spend_from and (b.spend_to is null or mo.qualifying_spend < b.spend_to)
join staging.stg_loyalty__loyalty_tiers t on t.tier_name = b.tier_name
where mo.ordered_date >= mo.enrolled_date and (mo.cancelled_date is null or mo.ordered_date < mo.cancelled_date)
