{%- set columns = [
    {'name': 'order_id', 'type': 'text'},
    {'name': 'customer_id', 'type': 'text'},
    {'name': 'ordered_at', 'type': 'timestamp'},
    {'name': 'status', 'type': 'enum'},
    {'name': 'amount', 'type': 'money'},
] -%}

with

source as (
    select * from {{ loyalty.raw_source('orders', columns) }}
),

customers as (
    select * from {{ ref('stg_loyalty__customers') }}
),

cleaned as (
    select
        {{ loyalty.source_row_number('orders', columns) }} as source_row_number,
        {{ loyalty.clean_raw_columns(columns) }}
    from source
),

parsed as (
    select
        cleaned.*,
        {{ loyalty.parse_raw_columns(columns) }}
    from cleaned
),

checked as (
    select
        parsed.*,
        case
            {{- loyalty.invalid_value_checks(columns) }}
            when parsed.status not in ('completed', 'refunded', 'cancelled') then 'out_of_domain: status'
            when parsed.amount < 0 then 'out_of_domain: amount'
            when cast(parsed.ordered_at as date) > {{ loyalty.run_date() }} then 'future_event: ordered_at'
            when customers.customer_id is null then 'unknown_reference: customer_id'
        end as check_reason
    from parsed
    left join customers
        on parsed.customer_id = customers.customer_id
),

first_rows as (
    {#- Check 5: the first row, in source order, of each key held by more
        than one row that passed checks 1-4. -#}
    select
        checked.order_id,
        min(checked.source_row_number) as first_row_number
    from checked
    where checked.check_reason is null
    group by checked.order_id
    having count(*) > 1
),

reasoned as (
    select
        checked.*,
        {{ loyalty.rejection_reason(
            'checked.check_reason', 'checked.source_row_number', 'first_rows.first_row_number', 'order_id'
        ) }} as rejection_reason
    from checked
    left join first_rows
        on checked.order_id = first_rows.order_id
),

final as (
    select
        reasoned.source_row_number,
        reasoned.order_id,
        reasoned.customer_id,
        reasoned.status,
        reasoned.amount,
        reasoned.ordered_at,
        reasoned.order_id as row_key,
        case when reasoned.rejection_reason is not null then {{ loyalty.raw_row_json(columns, '_raw') }} end as raw_row,
        reasoned.rejection_reason
    from reasoned
)

select * from final
