with src as (
    select file_row_number + 1 as source_row_number, order_id as order_id_raw, product_id as product_id_raw,
           quantity as quantity_raw, unit_price as unit_price_raw,
           nullif(trim(order_id::varchar, e' \t\n\r'), '') as order_id,
           nullif(trim(product_id::varchar, e' \t\n\r'), '') as product_id,
           nullif(trim(quantity::varchar, e' \t\n\r'), '') as quantity_text,
           nullif(trim(unit_price::varchar, e' \t\n\r'), '') as unit_price_text
    from read_parquet('{raw_dir}/order_items.parquet', file_row_number = true)
),
typed as (
    select *,
           case when regexp_full_match(quantity_text, '[+-]?[0-9]{1,9}') then quantity_text::integer
                when q = floor(q) and abs(q) < 2147483648 then q::integer end as quantity,
           try_cast(round(try_cast(unit_price_text as decimal(38, 18)), 2) as decimal(18, 2)) as unit_price
    from (select *, case when regexp_full_match(quantity_text, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?')
                         then try_cast(quantity_text as decimal(38, 18)) end as q from src)
),
repeated as (
    select order_id, product_id from src group by all having count(*) > 1
),
orders as (select distinct order_id from staging.base_loyalty__orders where check_reason is null),
products as (select distinct product_id from staging.base_loyalty__products where check_reason is null),
checked as (
    select t.*, r.order_id is not null as has_repeated_key,
        case
            when t.order_id is null then 'missing_value: order_id'
            when t.product_id is null then 'missing_value: product_id'
            when t.quantity_text is null then 'missing_value: quantity'
            when t.quantity is null then 'invalid_value: quantity'
            when t.unit_price_text is null then 'missing_value: unit_price'
            when t.unit_price is null then 'invalid_value: unit_price'
            when t.quantity <= 0 then 'out_of_domain: quantity'
            when t.unit_price < 0 then 'out_of_domain: unit_price'
            when o.order_id is null then 'unknown_reference: order_id'
            when p.product_id is null then 'unknown_reference: product_id'
        end as check_reason
    from typed t
    left join orders o on t.order_id = o.order_id
    left join products p on t.product_id = p.product_id
    left join repeated r on t.order_id = r.order_id and t.product_id = r.product_id
)
select source_row_number, order_id, product_id, quantity, unit_price,
       case when check_reason is not null or has_repeated_key then
           to_json({'order_id': order_id_raw::varchar, 'product_id': product_id_raw::varchar,
                    'quantity': quantity_raw::varchar, 'unit_price': unit_price_raw::varchar})::varchar end as raw_row,
       check_reason, has_repeated_key
from checked
