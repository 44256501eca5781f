-- The package's marts built from this project's own tables (the seeds),
-- against values computed by hand. Every returned row is a failure.
-- Completed orders of known customers: o1 20.00 and o2 30.00 (a), o3 15.50
-- (b), o5 10.00 (c); o4 is refunded; o6 names an unknown customer and is
-- rejected. Repeat buyers: a only, 1 of 3.
select 'purchase_behaviour_overall' as mart
from {{ ref('purchase_behaviour_overall') }}
where
    orders <> 4 or revenue <> 75.50 or customers_with_orders <> 3
    or abs(repeat_purchase_rate - 1.0 / 3) > 1e-9

union all

select 'rejected_rows' as mart
from (
    select
        count(*) as rejected,
        min(reason) as reason
    from {{ ref('rejected_rows') }}
    where source = 'orders'
) as orders_rejected
where rejected <> 1 or reason <> 'unknown_reference: customer_id'

union all

select 'source_reconciliation' as mart
from {{ ref('source_reconciliation') }}
where not is_reconciled
