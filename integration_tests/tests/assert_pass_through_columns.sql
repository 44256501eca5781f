-- The customers' `region` (pass_through_columns) reaches dim_customers as
-- trimmed text, empty as null: a north, b ' south ' -> south, c empty -> null.
select customer_id
from {{ ref('dim_customers') }}
where
    (customer_id = 'a' and region is distinct from 'north')
    or (customer_id = 'b' and region is distinct from 'south')
    or (customer_id = 'c' and region is not null)
    or customer_id not in ('a', 'b', 'c')
