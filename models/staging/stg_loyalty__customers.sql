with

base as (
    select * from {{ ref('base_loyalty__customers') }}
),

final as (
    select
        base.customer_id,
        base.country,
        base.acquisition_channel,
        cast(base.signup_at as date) as signup_date,
        base.signup_at
    from base
    where base.rejection_reason is null
)

select * from final
