with parsed as (select * from staging.base_loyalty__order_items_parsed),
repeated as (
    select order_id, product_id from parsed group by all having count(*) > 1
),
orders as (select distinct order_id from staging.base_loyalty__orders where check_reason is null),
products as (select distinct product_id from staging.base_loyalty__products where check_reason is null),
checked as (
    select t.*, r.order_id is not null as has_repeated_key,
        case
            when t.check_reason is not null then t.check_reason
            when o.order_id is null then 'unknown_reference: order_id'
            when p.product_id is null then 'unknown_reference: product_id'
        end as reason
    from parsed t
    left join orders o on t.order_id = o.order_id
    left join products p on t.product_id = p.product_id
    left join repeated r on t.order_id = r.order_id and t.product_id = r.product_id
)
select source_row_number, order_id, product_id, quantity, unit_price,
       case when reason is not null or has_repeated_key then
           to_json({'order_id': coalesce(order_id_raw, order_id)::varchar,
                    'product_id': coalesce(product_id_raw, product_id)::varchar,
                    'quantity': coalesce(quantity_raw, quantity::varchar)::varchar,
                    'unit_price': coalesce(unit_price_raw, unit_price::varchar)::varchar})::varchar end as raw_row,
       reason as check_reason, has_repeated_key
from checked
