with

base as (
    select * from {{ ref('base_loyalty__survey_responses') }}
),

final as (
    select
        base.response_id,
        base.customer_id,
        base.survey_type,
        base.touchpoint,
        base.score,
        cast(base.responded_at as date) as responded_date,
        base.responded_at
    from base
    where base.rejection_reason is null
)

select * from final
